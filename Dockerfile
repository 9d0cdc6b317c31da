# Production image: the API on a managed PostgreSQL (DATABASE_URL), migrations first.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY app ./app
RUN python -m venv /opt/venv && /opt/venv/bin/pip install --no-cache-dir .

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 loket
COPY --from=build /opt/venv /opt/venv
WORKDIR /srv
COPY migrations ./migrations
ENV PATH=/opt/venv/bin:$PATH PYTHONUNBUFFERED=1 ZL_HOST=0.0.0.0 ZL_PORT=8000 ZL_MIGRATIONS_DIR=/srv/migrations ZL_START_SIMULATOREN=false
USER loket
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/health/ready').status != 200)"
# `serve` runs the migrations and then the server.
CMD ["zelfstandigenloket", "serve"]
