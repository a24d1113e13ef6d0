"""The Content-Security-Policy, with the one allowance the admin's rich-text editor needs."""

import base64
import hashlib
import re

from csp.middleware import CSPMiddleware

# An import map is an inline script element; the editor's maps files to their static URLs.
_IMPORTMAP = re.compile(rb'<script type="importmap"[^>]*>(.*?)</script>', re.S)


def importmap_hashes(content: bytes) -> list[str]:
    """CSP source expressions allowing exactly the import maps in `content`."""
    return [
        f"'sha256-{base64.b64encode(hashlib.sha256(body).digest()).decode()}'"
        for body in _IMPORTMAP.findall(content)
    ]


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp's policy everywhere; admin pages also allow their own import maps by hash,
    so no inline script is allowed wholesale."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if hashes := self.admin_importmap_hashes(request, response):
            update = dict(parts.update or {})
            update["script-src"] = [*update.get("script-src", []), *hashes]
            parts.update = update
        return parts

    @staticmethod
    def admin_importmap_hashes(request, response) -> list[str]:
        is_html = response.get("Content-Type", "").startswith("text/html")
        if not request.path_info.startswith("/admin/") or not is_html or response.streaming:
            return []
        return importmap_hashes(response.content)
