"""Input readers. Each returns model objects and knows nothing about therapies."""
