"""Synthetic Dutch region with partner deliveries, planted typologies and ground truth."""
