# citypulse: the command line and its pipeline (pollers, Spark driver, dashboard and /metrics) in one
# image. compose.yaml also starts the Spark standalone Master and Worker from this image, so the
# cluster runs exactly the Spark (and Scala) the application was built with.
#
#   docker build -t citypulse .
#   docker run --rm -p 127.0.0.1:8080:8080 citypulse demo
#
# Plain Dockerfile syntax (no BuildKit-only features), so the classic builder builds it too.

# --- build: the project's own Maven wrapper, tests skipped (CI runs them) -------------------------
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -DskipTests package \
    && ls -l citypulse-app/target/citypulse.jar citypulse-app/target/citypulse-jobs.jar \
        citypulse-app/target/citypulse-opensearch.jar

# --- run: a JRE, the three jars, a non-root user -----------------------------------------------
FROM eclipse-temurin:17-jre

# curl for the health checks: the Temurin images stopped promising it (adoptium/containers#675).
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*

# A fixed uid above the base image's own users (Ubuntu's image has uid 1000 "ubuntu"), so that a
# volume shared by the citypulse and Spark containers (checkpoints) is owned by the same user.
RUN groupadd --system --gid 10001 citypulse \
    && useradd --system --uid 10001 --gid citypulse --home-dir /var/lib/citypulse \
        --shell /usr/sbin/nologin citypulse

# citypulse.jar: the application (shaded; its manifest carries the Add-Opens Spark needs on Java 17,
# so java -jar takes no --add-opens). citypulse-jobs.jar: the lean jar a Spark cluster's executors
# load citypulse's classes from (spark.jobs-jar defaults to the one beside citypulse.jar).
# citypulse-opensearch.jar: the embedded OpenSearch node, started in a child JVM of its own when
# storage.search.url is empty.
COPY --from=build /src/citypulse-app/target/citypulse.jar /opt/citypulse/citypulse.jar
COPY --from=build /src/citypulse-app/target/citypulse-jobs.jar /opt/citypulse/citypulse-jobs.jar
COPY --from=build /src/citypulse-app/target/citypulse-opensearch.jar /opt/citypulse/citypulse-opensearch.jar

# A Spark home for the Master and Worker started from this image (java -cp citypulse.jar
# org.apache.spark.deploy.master.Master): jars/ holding the application jar, which holds Spark, and
# an empty RELEASE (without it Spark's launcher looks for a source build). /var/lib/citypulse is the
# state directory (embedded broker data when no Kafka is given, checkpoints, caches); /var/lib/
# citypulse-shared the mount point of storage shared with the Spark workers (checkpoints).
RUN mkdir -p /opt/spark/jars /var/lib/citypulse /var/lib/citypulse-shared \
    && ln -s /opt/citypulse/citypulse.jar /opt/spark/jars/citypulse.jar \
    && touch /opt/spark/RELEASE \
    && chown citypulse:citypulse /var/lib/citypulse /var/lib/citypulse-shared

# Inside a container the dashboard must listen on every interface of the container (the port is
# published, on 127.0.0.1 only, by compose.yaml or docker run -p); the class-data archive the first
# run writes (about 200 MB) goes to the state volume, so later starts of the container reuse it.
ENV CITYPULSE_STATE_DIR=/var/lib/citypulse \
    CITYPULSE_DASHBOARD_HOST=0.0.0.0 \
    CITYPULSE_DASHBOARD_PORT=8080 \
    XDG_CACHE_HOME=/var/lib/citypulse/cache

USER citypulse:citypulse
WORKDIR /var/lib/citypulse
VOLUME ["/var/lib/citypulse"]

# The dashboard, its JSON API and Prometheus' /metrics.
EXPOSE 8080

# /api/health answers once the dashboard serves; the first start (broker, Spark, first batch) can
# take a minute on a small machine, hence the start period.
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=4 \
    CMD curl -fsS -o /dev/null "http://127.0.0.1:${CITYPULSE_DASHBOARD_PORT}/api/health" || exit 1

# run and demo start their work in a second JVM with a bounded heap (CITYPULSE_HEAP, default 768m);
# options given here are passed on to it. SIGTERM (docker stop) stops both cleanly.
ENTRYPOINT ["java", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/citypulse/citypulse.jar"]
CMD ["run"]
