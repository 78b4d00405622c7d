# profiler in a container: the package, its knowledge base and WeasyPrint's system libraries.
#
#   scripts/docker-build.sh                 # reads the versions, tags profiler:<version>-kb<kb>
#   docker run --rm -v "$PWD:/data" profiler:0.1.0-kb1.1.0 report --vcf t.vcf.gz --out out
#
# The KB is the one in this source tree (knowledgebase/, built into the wheel); its version
# is the image label `io.profiler.kb.version`, checked against the KB inside at build time.
ARG PYTHON_VERSION=3.12

FROM python:${PYTHON_VERSION}-slim AS wheel
WORKDIR /src
COPY pyproject.toml README.md ./
COPY profiler ./profiler
COPY knowledgebase ./knowledgebase
COPY schemas ./schemas
COPY sample_data ./sample_data
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

FROM python:${PYTHON_VERSION}-slim
ARG PROFILER_VERSION
ARG KB_VERSION
# Pango/HarfBuzz and a font for WeasyPrint (PDF); tabix for bgzip, which profiler uses to
# decompress a VCF in a second process when it is there (optional, faster).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fontconfig tabix \
    && rm -rf /var/lib/apt/lists/*
COPY --from=wheel /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
RUN useradd --create-home --uid 1000 profiler
USER profiler
WORKDIR /data
# Validate the bundled KB once (the remembered validation lands in the user's cache) and
# refuse to build an image whose label would name another KB or profiler version.
RUN profiler kb validate \
    && test -n "$KB_VERSION" && test -n "$PROFILER_VERSION" \
    && python -c "import json, subprocess, sys; \
kb = json.loads(subprocess.run(['profiler', 'kb', 'list', '--format', 'json'], \
capture_output=True, check=True).stdout); \
import profiler; \
sys.exit(kb['version'] != sys.argv[1] or profiler.__version__ != sys.argv[2])" \
        "$KB_VERSION" "$PROFILER_VERSION"
LABEL org.opencontainers.image.title="profiler" \
      org.opencontainers.image.description="Molecular-profiling report interpreter for biliary tract cancer" \
      org.opencontainers.image.version="${PROFILER_VERSION}" \
      io.profiler.kb.version="${KB_VERSION}"
ENTRYPOINT ["profiler"]
CMD ["--help"]
