"""citypulse: one producer round every 30 minutes (docs/schedule.md).

`citypulse poll --once` polls every configured source once (GBFS and the weather sources),
publishes the current states to Kafka, prints one summary line per source and exits 0 when every
source was read, 1 when any failed: a failed round fails the task, which Airflow retries.
The stream processing (Spark jobs, sinks, dashboard) runs elsewhere, continuously: the compose
stack, `citypulse run`, or `citypulse submit` on a Spark cluster.

Configuration, none of it in this file:

* Airflow Variables (Admin > Variables, or AIRFLOW_VAR_* environment variables):
  - citypulse_kafka_bootstrap_servers (required): host:port,... of the Kafka cluster
  - citypulse_jar: path of citypulse.jar on the worker (default /opt/citypulse/citypulse.jar)
  - citypulse_weather_sources, citypulse_weather_locations: the config keys weather.sources and
    weather.locations (defaults generator and senegal: the README's Senegal walkthrough)
  - citypulse_gbfs_url, citypulse_gbfs_stations: gbfs.url and gbfs.stations (defaults: citypulse's
    own, the Velib' feed and its stations 16107 and 32017)
  - citypulse_tomorrow_api_key, citypulse_openweathermap_api_key: the weather APIs' keys
    (empty: that source is not usable). Names containing "api_key" are masked by Airflow in
    logs and rendered templates.
  Moved to a secrets backend (Vault, AWS Secrets Manager...), they need no change here.

Airflow 2.4+ (schedule=) and 3.x. Checked by the project's tests with Python's compiler and
its syntax tree only: Airflow itself is not installed there.
"""

from datetime import timedelta

import pendulum
from airflow import DAG

try:  # Airflow 3: the standard provider
    from airflow.providers.standard.operators.bash import BashOperator
except ImportError:  # Airflow 2
    from airflow.operators.bash import BashOperator

# Rendered by Airflow at run time from Variables: nothing secret is written here, and the values
# never appear on the command line (they are environment variables of the task's process).
CITYPULSE_ENV = {
    # Required (no default): without it citypulse would start a broker of its own on the worker.
    "CITYPULSE_KAFKA_BOOTSTRAP_SERVERS": "{{ var.value.citypulse_kafka_bootstrap_servers }}",
    "CITYPULSE_WEATHER_SOURCES": "{{ var.value.get('citypulse_weather_sources', 'generator') }}",
    "CITYPULSE_WEATHER_LOCATIONS": "{{ var.value.get('citypulse_weather_locations', 'senegal') }}",
    "CITYPULSE_GBFS_URL": (
        "{{ var.value.get('citypulse_gbfs_url', 'https://velib-metropole-opendata.smovengo.cloud"
        "/opendata/Velib_Metropole/gbfs.json') }}"
    ),
    "CITYPULSE_GBFS_STATIONS": "{{ var.value.get('citypulse_gbfs_stations', '16107,32017') }}",
    "TOMORROW_API_KEY": "{{ var.value.get('citypulse_tomorrow_api_key', '') }}",
    "OPENWEATHERMAP_API_KEY": "{{ var.value.get('citypulse_openweathermap_api_key', '') }}",
}

with DAG(
    dag_id="citypulse_poll",
    description="citypulse poll --once: every source polled once, published to Kafka",
    schedule="*/30 * * * *",
    start_date=pendulum.datetime(2026, 12, 1, tz="UTC"),
    # A missed slot is not worth replaying: the next round reads the current state of the feeds.
    catchup=False,
    # Rounds never overlap: one still running holds the next back.
    max_active_runs=1,
    dagrun_timeout=timedelta(minutes=29),
    default_args={
        "owner": "citypulse",
        "retries": 2,
        "retry_delay": timedelta(minutes=2),
        "retry_exponential_backoff": True,
        # Three tries and their delays (5 + 2 + 5 + 4 + 5 min) end before the next round is due.
        "execution_timeout": timedelta(minutes=5),
    },
    tags=["citypulse", "producer"],
) as dag:
    BashOperator(
        task_id="poll_once",
        bash_command=(
            "java -jar {{ var.value.get('citypulse_jar', '/opt/citypulse/citypulse.jar') }}"
            " poll --once"
        ),
        env=CITYPULSE_ENV,
        # Keep the worker's PATH, JAVA_HOME...: env alone would replace the whole environment.
        append_env=True,
    )
