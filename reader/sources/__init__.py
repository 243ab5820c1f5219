"""Where documents come from: volumes (folders, ISO images), mounts, disc identity and sets."""
