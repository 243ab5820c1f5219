"""OCR of scanned pages: finding the language data, rendering pages, reading them."""
