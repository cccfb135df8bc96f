"""Offline checks of the deploy files: image, compose file and Kubernetes manifests."""
