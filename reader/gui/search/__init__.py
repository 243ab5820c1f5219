"""The search side of the window: query box, filters, timeline and the result list."""
