"""``cjmap diff``: what changed in a journey, as values (model), computed (compute, emotion), read from git."""
