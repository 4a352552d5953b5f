"""Every write and every state change goes through here; views never commit."""
