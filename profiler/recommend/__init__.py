"""Recommendations: ordered targeted options and the report assembled from matches."""
