package io.citypulse.forecast;

/**
 * An empirical probability that a station is empty (or full) a horizon later, by how many bikes
 * (or docks) it has now and the hour of the (weekday or weekend) day, pooled over all stations:
 * the first probability model, before the MLlib one.
 *
 * <p>Each cell is smoothed towards the overall rate ({@code (events + M × rate) / (samples + M)},
 * M = {@value #M}) so that a rarely seen cell says little more than the base rate.
 */
public final class EventTable {
  /** Weight of the overall rate in each cell, in samples. */
  static final double M = 20;

  /** Upper bounds of the count buckets: 0, 1, 2, 3, 4, 5-6, 7-9, 10 and more. */
  private static final int[] BUCKET_TOPS = {0, 1, 2, 3, 4, 6, 9};

  private final SlotScheme scheme;
  private final long[][] samples;
  private final long[][] events;
  private long total;
  private long totalEvents;

  public EventTable(SlotScheme scheme) {
    this.scheme = scheme;
    this.samples = new long[BUCKET_TOPS.length + 1][48];
    this.events = new long[BUCKET_TOPS.length + 1][48];
  }

  /** The bucket of a count now. */
  static int bucket(int count) {
    for (int i = 0; i < BUCKET_TOPS.length; i++) {
      if (count <= BUCKET_TOPS[i]) {
        return i;
      }
    }
    return BUCKET_TOPS.length;
  }

  /** Weekday hours 0..23, weekend hours 24..47, of a {@link SlotScheme} slot. */
  int hourKey(int slot) {
    int perDay = scheme.slotsPerDay();
    int hour = (slot % perDay) * scheme.slotMinutes() / 60;
    return (slot / perDay) * 24 + hour;
  }

  /** Counts one train sample: the count now, the slot of now, whether the event happened. */
  public void add(int countNow, int slot, boolean happened) {
    int b = bucket(countNow);
    int h = hourKey(slot);
    samples[b][h]++;
    total++;
    if (happened) {
      events[b][h]++;
      totalEvents++;
    }
  }

  /** The overall rate of the event in what was added; 0 when nothing was. */
  public double rate() {
    return total == 0 ? 0 : (double) totalEvents / total;
  }

  /** The smoothed probability of the event for this count now and slot of now. */
  public double probability(int countNow, int slot) {
    int b = bucket(countNow);
    int h = hourKey(slot);
    return (events[b][h] + M * rate()) / (samples[b][h] + M);
  }

  /**
   * This table as a one-tree {@link TreeEnsemble.Output#LOGISTIC} ensemble on {@link
   * FeatureBuilder} vectors, so a {@link ForecastModel} can carry it like a fitted classifier: the
   * count bucket from {@code countFeature} ({@code bikes} for empty, {@code docks} for full), the
   * day type from {@code weekend}, the hour from {@code minute_of_day} (the hour of the slot that
   * starts the hour, so slots longer than an hour give their start hour), leaves the smoothed
   * probabilities as logistic margins.
   */
  public TreeEnsemble asTree(String countFeature) {
    int count = FeatureBuilder.NAMES.indexOf(countFeature);
    if (count < 0) {
      throw new IllegalArgumentException("no feature " + countFeature);
    }
    TreeNodes nodes = new TreeNodes();
    bucketNode(nodes, 0, count);
    return new TreeEnsemble(
        TreeEnsemble.Output.LOGISTIC, java.util.List.of(nodes.tree()), new double[] {1});
  }

  private int bucketNode(TreeNodes nodes, int bucket, int countFeature) {
    if (bucket == BUCKET_TOPS.length) {
      return dayNode(nodes, bucket);
    }
    int i = nodes.split(countFeature, BUCKET_TOPS[bucket]);
    nodes.children(i, dayNode(nodes, bucket), bucketNode(nodes, bucket + 1, countFeature));
    return i;
  }

  private int dayNode(TreeNodes nodes, int bucket) {
    int i = nodes.split(FeatureBuilder.NAMES.indexOf("weekend"), 0.5);
    nodes.children(i, hourNode(nodes, bucket, 0, false), hourNode(nodes, bucket, 0, true));
    return i;
  }

  private int hourNode(TreeNodes nodes, int bucket, int hour, boolean weekend) {
    if (hour == 23) {
      return leaf(nodes, bucket, hour, weekend);
    }
    int i = nodes.split(FeatureBuilder.NAMES.indexOf("minute_of_day"), hour * 60 + 59);
    nodes.children(
        i, leaf(nodes, bucket, hour, weekend), hourNode(nodes, bucket, hour + 1, weekend));
    return i;
  }

  private int leaf(TreeNodes nodes, int bucket, int hour, boolean weekend) {
    int slot = (weekend ? scheme.slotsPerDay() : 0) + hour * 60 / scheme.slotMinutes();
    int h = hourKey(slot);
    double p = (events[bucket][h] + M * rate()) / (samples[bucket][h] + M);
    p = Math.min(Math.max(p, 1e-9), 1 - 1e-9);
    // MLlib's logistic output is 1 / (1 + e^(-2m)): m = ln(p / (1 - p)) / 2
    return nodes.leaf(Math.log(p / (1 - p)) / 2);
  }

  /** Nodes appended in preorder: a parent is written before its children. */
  private static final class TreeNodes {
    private final java.util.List<int[]> links = new java.util.ArrayList<>(); // feature, left, right
    private final java.util.List<double[]> values = new java.util.ArrayList<>(); // threshold, leaf

    int split(int feature, double threshold) {
      links.add(new int[] {feature, -1, -1});
      values.add(new double[] {threshold, 0});
      return links.size() - 1;
    }

    void children(int node, int left, int right) {
      links.get(node)[1] = left;
      links.get(node)[2] = right;
    }

    int leaf(double value) {
      links.add(new int[] {-1, -1, -1});
      values.add(new double[] {0, value});
      return links.size() - 1;
    }

    TreeEnsemble.Tree tree() {
      int n = links.size();
      int[] feature = new int[n];
      int[] left = new int[n];
      int[] right = new int[n];
      double[] threshold = new double[n];
      double[] value = new double[n];
      for (int i = 0; i < n; i++) {
        feature[i] = links.get(i)[0];
        left[i] = links.get(i)[1];
        right[i] = links.get(i)[2];
        threshold[i] = values.get(i)[0];
        value[i] = values.get(i)[1];
      }
      return new TreeEnsemble.Tree(feature, threshold, left, right, value);
    }
  }
}
