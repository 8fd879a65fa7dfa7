"""Serving the app to many readers: Docker, nginx, docker-compose, Kubernetes, and `python -m deploy.serve`."""
