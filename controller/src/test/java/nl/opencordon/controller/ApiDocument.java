package nl.opencordon.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The operations of the API document {@code openapi.yaml}: method and path template. */
record ApiDocument(List<Operation> operations) {
  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

  record Operation(String method, String path) {}

  static ApiDocument load() throws IOException {
    try (InputStream in = ApiDocument.class.getClassLoader().getResourceAsStream("openapi.yaml")) {
      JsonNode paths = new YAMLMapper().readTree(in).path("paths");
      List<Operation> operations = new ArrayList<>();
      paths.fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(m -> {
        if (METHODS.contains(m)) {
          operations.add(new Operation(m.toUpperCase(), p.getKey()));
        }
      }));
      return new ApiDocument(List.copyOf(operations));
    }
  }
}
