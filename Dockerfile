# The ACP dashboard as `make run` serves it (streamlit run serve.py: the app and the calendar feed), on port 8501.
#
#   docker build -t acp-dashboard .                  # from PyPI
#   docker build -t acp-dashboard .                  # offline, once wheels/ holds the wheels (wheels/README.md)
#   docker run -p 8501:8501 -v acp-data:/data -e ACP_COORDINATOR_PASSWORD='pbkdf2_sha256$…' acp-dashboard
#
# The base and the wheels folder are build arguments (the image test builds on a Debian bookworm base made with
# debootstrap: its Python is /usr/bin/python3, the slim image's /usr/local/bin/python3; a venv in /opt/venv
# serves both). The database and its CSV copies live in the volume /data (ACP_DB); the first start builds
# the base from the embedded data. No secret is in the image: the coordinator password comes from the
# environment (ACP_COORDINATOR_PASSWORD) or a secrets.toml mounted at /app/.streamlit/secrets.toml.
ARG BASE_IMAGE=python:3.11-slim

# The runtime requirements only, in a venv; from the wheels folder alone when it holds wheels, else from PyPI.
# A stage of its own, so that the wheels are not left in a layer of the image.
FROM ${BASE_IMAGE} AS venv
ARG WHEELS=wheels
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
COPY requirements.txt /tmp/build/requirements.txt
COPY ${WHEELS}/ /tmp/build/wheels/
RUN python3 -m venv /opt/venv \
 && if ls /tmp/build/wheels/*.whl >/dev/null 2>&1; then \
        /opt/venv/bin/pip install --no-index --find-links /tmp/build/wheels -r /tmp/build/requirements.txt; \
    else \
        /opt/venv/bin/pip install -r /tmp/build/requirements.txt; \
    fi

FROM ${BASE_IMAGE}
# git, for the optional data repository (ACP_DATA_REPO; README « Mettre en ligne »), when the base lacks it;
# INSTALL_GIT=no for a base without it and no package mirror (the data repository then cannot be used).
ARG INSTALL_GIT=yes
RUN if [ "$INSTALL_GIT" = yes ] && ! command -v git >/dev/null 2>&1; then \
        apt-get update \
     && apt-get install -y --no-install-recommends git openssh-client ca-certificates \
     && rm -rf /var/lib/apt/lists/*; \
    fi
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    ACP_DB=/data/acp.duckdb
COPY --from=venv /opt/venv /opt/venv

# The code and the embedded data, owned by root: the app's user can read them, not change them.
WORKDIR /app
COPY app.py serve.py babel.cfg ./
COPY .streamlit/config.toml .streamlit/config.toml
COPY acp/ acp/
COPY pages/ pages/
COPY data/seed/ data/seed/
# The gettext catalogs, compiled as `make compile` does (the .mo files are not committed).
RUN for po in acp/locale/*/LC_MESSAGES/*.po; do \
        domain="$(basename "$po" .po)"; \
        pybabel compile --domain "$domain" --input-file "$po" --output-file "${po%.po}.mo" || exit 1; \
    done \
 && python -m compileall -q acp pages app.py serve.py \
 && useradd --system --uid 10001 --user-group --create-home --home-dir /home/acp --shell /usr/sbin/nologin acp \
 && mkdir -p /data \
 && chown acp:acp /data

USER acp
VOLUME /data
EXPOSE 8501
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).read() != b'ok')"]
# As `make run`: the base built from the embedded data when /data has none, then the app on every address.
CMD ["sh", "-c", "python -m acp seed && exec python -m streamlit run serve.py --server.port 8501 --server.address 0.0.0.0 --server.headless true"]
