# syntax=docker/dockerfile:1
# One image for the four LGNet services. Pick one at run time:
#   docker run -e SERVICE=intake -e PORT=8001 … lgnet
# The dependencies are exactly requirements.lock (hash-checked); the project goes on top
# with --no-deps, so nothing outside the lock is ever installed.

ARG PYTHON_IMAGE=python:3.11-slim

FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/lgnet
WORKDIR /src
COPY requirements.lock ./
RUN /opt/lgnet/bin/pip install --require-hashes -r requirements.lock
COPY pyproject.toml README.md ./
COPY libs ./libs
COPY services ./services
RUN /opt/lgnet/bin/pip install --no-deps --no-build-isolation .

FROM ${PYTHON_IMAGE}
ENV PATH=/opt/lgnet/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    LGNET_LOG_FORMAT=json \
    LGNET_STATE_DIR=/tmp/lgnet \
    SERVICE=intake \
    PORT=8001
RUN groupadd --system --gid 10001 lgnet \
    && useradd --system --uid 10001 --gid lgnet --home-dir /home/lgnet --create-home lgnet
COPY --from=build /opt/lgnet /opt/lgnet
WORKDIR /home/lgnet
USER 10001:10001
EXPOSE 8001 8002 8003 8004
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/health' % os.environ['PORT'], timeout=2)"
CMD ["sh", "-c", "exec python -m uvicorn --factory \"${SERVICE}.api.app:create_app\" --host 0.0.0.0 --port \"${PORT}\" --no-server-header"]
