"""`make image-test`: the Docker image built, run, restarted and replaced (tests/image/test_image.py).

Marked `image` (tests/conftest.py) and left out of `make test` and `make test-fast`: it needs Docker, root,
debootstrap and several minutes. It fails, never skips, where Docker cannot run."""
import sys
from pathlib import Path

E2E = Path(__file__).resolve().parents[1] / "e2e"
if str(E2E) not in sys.path:  # Chromium's path and flags, shared with the browser tests
    sys.path.insert(0, str(E2E))
