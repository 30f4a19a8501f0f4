# circuitgrad: one stateless container; scale out with more replicas behind a load balancer.
# The base image is an exact release and every dependency the version in constraints.txt, so a rebuild next
# year installs the server that was tested.
FROM python:3.11.7-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    WEB_CONCURRENCY=2

RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin circuitgrad

WORKDIR /src
COPY pyproject.toml README.md constraints.txt ./
COPY circuitgrad ./circuitgrad
COPY engine ./engine
COPY app ./app
COPY templates ./templates
COPY static ./static
RUN pip install --no-cache-dir -c constraints.txt . \
    && rm -rf /src

WORKDIR /home/circuitgrad
USER 10001

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]

# Connection limits (see README, "Serving a class"): a request must arrive within 15 s, an idle connection
# closes after 5 s, at most 1,000 connections per worker.
CMD ["circuitgrad", "serve", "--host", "0.0.0.0", "--no-browser", \
     "--request-timeout", "15", "--keep-alive", "5", "--max-connections", "1000"]
