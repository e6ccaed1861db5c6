# Training image of the fictional Leafline group (demo report of mkdocs-report-plugin).
FROM python:3.12-slim
COPY --from=ghcr.io/astral-sh/uv:latest /uv /bin/uv
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-install-project
COPY src/ src/
RUN uv sync --frozen
ENTRYPOINT ["uv", "run", "python", "-m", "leafline.train"]
