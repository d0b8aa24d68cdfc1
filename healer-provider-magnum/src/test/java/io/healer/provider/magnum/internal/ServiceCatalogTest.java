package io.healer.provider.magnum.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServiceCatalogTest {

  private static Map<String, Object> service(String type, String region, String iface, String url) {
    return Map.of("type", type, "endpoints", List.of(Map.of("interface", iface, "region_id", region,
        "region", region, "url", url)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"block-storage", "volumev3", "volumev2", "volume", "block-store"})
  void findsCinderUnderEveryAlias(String type) {
    List<Object> catalog = List.of(service(type, "RegionOne", "public", "http://cinder/v3/p/"));
    assertThat(ServiceCatalog.endpoint(catalog, "block-storage", "RegionOne", "public")).isEqualTo("http://cinder/v3/p");
  }

  @Test
  void prefersTheOfficialTypeWhateverTheCatalogsOrder() {
    List<Object> catalog = List.of(service("volumev3", "RegionOne", "public", "http://old"),
        service("block-storage", "RegionOne", "public", "http://new"));
    assertThat(ServiceCatalog.endpoint(catalog, "block-storage", "RegionOne", "public")).isEqualTo("http://new");
  }

  @Test
  void anAliasInTheRightRegionBeatsTheOfficialTypeInAnother() {
    List<Object> catalog = List.of(service("block-storage", "RegionTwo", "public", "http://two"),
        service("volumev3", "RegionOne", "public", "http://one"));
    assertThat(ServiceCatalog.endpoint(catalog, "block-storage", "RegionOne", "public")).isEqualTo("http://one");
  }

  @Test
  void findsMagnumUnderItsDevstackType() {
    List<Object> catalog = List.of(service("container-infra", "RegionOne", "internal", "http://magnum/v1"));
    assertThat(ServiceCatalog.endpoint(catalog, "container-infrastructure-management", "RegionOne", "internal"))
        .isEqualTo("http://magnum/v1");
  }

  @Test
  void noEndpointNamesTheServiceItsTypesTheRegionAndTheInterface() {
    List<Object> catalog = List.of(service("volumev3", "RegionOne", "public", "http://one"));
    assertThatThrownBy(() -> ServiceCatalog.endpoint(catalog, "block-storage", "RegionTwo", "internal"))
        .isInstanceOf(OpenStackException.class)
        .hasMessage("the service catalog has no internal endpoint of Cinder (type block-storage or volumev3 or"
            + " volumev2 or volume or block-store) in region 'RegionTwo'");
  }

  @Test
  void endpointTypesInTheirV2FormAreTheirInterfaces() {
    assertThat(ServiceCatalog.interfaceOf("")).isEqualTo("public");
    assertThat(ServiceCatalog.interfaceOf("internalURL")).isEqualTo("internal");
    assertThat(ServiceCatalog.interfaceOf("admin")).isEqualTo("admin");
  }
}
