package io.citypulse.search;

/**
 * What {@code GET /} says about the cluster.
 *
 * @param distribution {@code opensearch} or {@code elasticsearch}
 * @param version e.g. {@code 2.19.1} or {@code 8.15.0}
 */
public record ClusterInfo(String distribution, String version, String clusterName) {

  public boolean isOpenSearch() {
    return "opensearch".equals(distribution);
  }

  /** {@code OpenSearch 2.19.1} or {@code Elasticsearch 8.15.0}, for logs and the status line. */
  public String product() {
    return (isOpenSearch() ? "OpenSearch " : "Elasticsearch ") + version;
  }

  /**
   * True when the cluster has composable index templates ({@code _index_template}): every
   * OpenSearch, Elasticsearch from 7.8.
   */
  public boolean supportsComposableTemplates() {
    if (isOpenSearch()) {
      return true;
    }
    int[] v = numbers(version);
    return v[0] > 7 || (v[0] == 7 && v[1] >= 8);
  }

  private static int[] numbers(String version) {
    String[] parts = version.split("[.-]");
    int[] numbers = new int[2];
    for (int i = 0; i < 2 && i < parts.length; i++) {
      try {
        numbers[i] = Integer.parseInt(parts[i]);
      } catch (NumberFormatException e) {
        numbers[i] = 0;
      }
    }
    return numbers;
  }
}
