package io.citypulse.testkit;

/**
 * A hand-made station-state file for the forecast tests: two stations over two weekdays, small
 * enough to compute every baseline by hand. Written for these tests, not taken from any data set.
 *
 * <p>On a 6-hour grid (UTC) each station's state is:
 *
 * <pre>
 *            Mon 00  06  12  18 | Tue 00  06  12  18 | Wed 00
 * A bikes        5   3   0   2  |     6   6   4  10  |     8     (capacity 10; Tue 18 is full)
 * B bikes        -   -   4   1  |     1   0   0   0  |     2     (capacity 4; first row Mon 07:00)
 * </pre>
 *
 * <p>A's 05:00 row comes after its 11:59 one (a file need not be in time order), and the {@code
 * note} column is one the readers must ignore.
 */
public final class StationStatesFixture {
  private StationStatesFixture() {}

  /** The file's text, CSV with a header line. */
  public static final String CSV = String.join(
      "\n",
      "station_code,time,bikes_available,docks_available,capacity,note",
      "A,2024-01-01T00:00:00Z,5,5,10,first",
      "A,2024-01-01T11:59:00Z,0,10,10,",
      "A,2024-01-01T05:00:00Z,3,7,10,",
      "A,2024-01-01T18:00:00Z,2,8,10,",
      "B,2024-01-01T07:00:00Z,4,0,4,",
      "B,2024-01-01T13:00:00Z,1,3,4,",
      "A,2024-01-02T00:00:00Z,6,4,10,",
      "B,2024-01-02T03:00:00Z,0,4,4,",
      "A,2024-01-02T07:00:00Z,4,6,10,",
      "A,2024-01-02T13:00:00Z,10,0,10,",
      "B,2024-01-02T20:00:00Z,2,2,4,",
      "A,2024-01-03T00:00:00Z,8,2,10,",
      "");
}
