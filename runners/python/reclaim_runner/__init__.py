"""Step executor for reclaim cells on Python/PyTorch."""
