package io.citypulse.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Reading the Spark master's own report (the {@code /json/} of its web UI). */
class MasterStateTest {
  @Test
  void aWorkerCountsOnlyWhileTheMasterHoldsItAlive() throws Exception {
    String json = """
        {"url":"spark://127.0.0.1:7077","status":"ALIVE","aliveworkers":1,"workers":[
          {"id":"worker-1","host":"127.0.0.1","webuiaddress":"http://127.0.0.1:38845","state":"ALIVE"},
          {"id":"worker-2","host":"127.0.0.1","webuiaddress":"http://127.0.0.1:44287","state":"DEAD"},
          {"id":"worker-3","host":"127.0.0.1","webuiaddress":"http://127.0.0.1:41000/","state":"ALIVE"}
        ]}""";

    assertThat(LocalCluster.aliveWorkerUiPorts(new ObjectMapper().readTree(json)))
        .containsExactlyInAnyOrder(38845, 41000);
  }
}
