"""Does a page's WebRTC script send UDP? ``python webrtc_probe.py CHROMIUM FLAG...`` prints ``sent`` when a page
asking a STUN server on 127.0.0.1 sends it a datagram, ``quiet`` once the page has finished gathering without
one. Used by tests/test_render_security.py to check the browser flags cjmap prints PDFs with."""

from __future__ import annotations

import contextlib
import socket
import sys
import time

from playwright.sync_api import sync_playwright

PAGE = """<!DOCTYPE html><html><body><script>
const connection = new RTCPeerConnection({iceServers: [{urls: 'stun:127.0.0.1:PORT'}]});
connection.onicegatheringstatechange = () => {
  if (connection.iceGatheringState === 'complete') document.title = 'gathered';
};
connection.createDataChannel('x');
connection.createOffer().then(offer => connection.setLocalDescription(offer));
</script></body></html>"""


def sends_stun(chromium: str, flags: list[str]) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as listener, sync_playwright() as playwright:
        listener.bind(("127.0.0.1", 0))
        listener.settimeout(0.2)
        instance = playwright.chromium.launch(executable_path=chromium, args=[f for f in flags if f != "--headless"])
        try:
            page = instance.new_page()
            page.set_content(PAGE.replace("PORT", str(listener.getsockname()[1])))
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and page.title() != "gathered":
                with contextlib.suppress(TimeoutError):
                    listener.recvfrom(4096)
                    return True
            if page.title() != "gathered":
                raise SystemExit("the page neither sent a datagram nor finished gathering in 60 s")
            return False
        finally:
            instance.close()


if __name__ == "__main__":
    print("sent" if sends_stun(sys.argv[1], sys.argv[2:]) else "quiet")
