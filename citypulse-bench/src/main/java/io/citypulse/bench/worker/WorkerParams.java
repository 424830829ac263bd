package io.citypulse.bench.worker;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code key=value} arguments of a worker process. */
record WorkerParams(Map<String, String> values) {

  static WorkerParams parse(String[] args, int from) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = from; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("worker argument is not key=value: " + args[i]);
      }
      values.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    return new WorkerParams(values);
  }

  String text(String key) {
    String value = values.get(key);
    if (value == null) {
      throw new IllegalArgumentException("missing worker argument " + key);
    }
    return value;
  }

  long number(String key) {
    return Long.parseLong(text(key));
  }

  int integer(String key) {
    return Integer.parseInt(text(key));
  }

  Path path(String key) {
    return Path.of(text(key));
  }
}
