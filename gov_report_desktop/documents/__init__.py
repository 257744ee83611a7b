"""Word export and docx/html import (no Qt)."""
