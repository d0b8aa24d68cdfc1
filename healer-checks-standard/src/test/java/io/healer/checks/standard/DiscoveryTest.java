package io.healer.checks.standard;

import static org.assertj.core.api.Assertions.assertThat;

import io.healer.api.check.HealthCheckFactory;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DiscoveryTest {

  @Test
  void bothFactoriesAreFoundByServiceLoaderUnderTheirTypes() {
    Map<String, HealthCheckFactory> byType = ServiceLoader.load(HealthCheckFactory.class).stream()
        .map(ServiceLoader.Provider::get)
        .collect(Collectors.toMap(HealthCheckFactory::type, Function.identity()));

    assertThat(byType).containsOnlyKeys("NodeCondition", "Endpoint");
    assertThat(byType.get("NodeCondition")).isInstanceOf(NodeConditionCheckFactory.class);
    assertThat(byType.get("Endpoint")).isInstanceOf(EndpointCheckFactory.class);
  }
}
