package io.healer.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.ApiException;
import org.junit.jupiter.api.Test;

class ApiErrorsTest {

  @Test
  void anAnswerTheModelsCannotReadIsNamedWithoutTheObjectItQuotes() {
    var error = new IllegalArgumentException("The field `declaredFeatures` in the JSON string is not defined in the "
        + "`V1NodeStatus` properties. JSON: {\"annotations\":{\"secret-ish\":\"value\"}}");

    assertThat(ApiErrors.describe(new RuntimeException(error)))
        .isEqualTo("cannot read the API server's answer: The field `declaredFeatures` in the JSON string is not "
            + "defined in the `V1NodeStatus` properties.")
        .doesNotContain("secret-ish");
  }

  @Test
  void anApiErrorIsItsStatusOnly() {
    assertThat(ApiErrors.describe(new ApiException(403, "forbidden: token abc"))).isEqualTo("HTTP 403");
  }

  @Test
  void aStatusAnswerIsNamedByItsMessageWhatElseTheBodyHoldsIsNot() {
    String status = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":"
        + "\"nodes \\\"worker-1\\\" is forbidden: User \\\"system:serviceaccount:kube-system:healer\\\" cannot patch "
        + "resource \\\"nodes\\\" in API group \\\"\\\" at the cluster scope\",\"reason\":\"Forbidden\",\"code\":403}";
    assertThat(ApiErrors.describe(new ApiException("m", 403, java.util.Map.of(), status))).isEqualTo("HTTP 403: nodes "
        + "\"worker-1\" is forbidden: User \"system:serviceaccount:kube-system:healer\" cannot patch resource \"nodes\" "
        + "in API group \"\" at the cluster scope");
    assertThat(ApiErrors.describe(new ApiException("m", 502, java.util.Map.of(), "<html>proxy: Authorization: Bearer x</html>")))
        .isEqualTo("HTTP 502");
  }

  @Test
  void noAnswerAtAllIsNamedByTheTransportsFailure() {
    var refused = new ApiException(new java.net.ConnectException("Failed to connect to /127.0.0.1:1"));
    assertThat(ApiErrors.describe(refused)).isEqualTo("ConnectException: Failed to connect to /127.0.0.1:1");
  }

  @Test
  void aStatusDetailIsItsMessageAndCausesAndNothingOfABodyThatIsNoStatus() {
    String tooMany = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
        + "\"message\":\"Cannot evict pod as it would violate the pod's disruption budget.\",\"reason\":"
        + "\"TooManyRequests\",\"details\":{\"causes\":[{\"reason\":\"DisruptionBudget\",\"message\":"
        + "\"The disruption budget db needs 2 healthy pods and has 2 currently\"}]},\"code\":429}";
    assertThat(ApiErrors.statusDetail(tooMany)).contains("Cannot evict pod as it would violate the pod's disruption"
        + " budget.: The disruption budget db needs 2 healthy pods and has 2 currently");
    String twoBudgets = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
        + "\"message\":\"This pod has more than one PodDisruptionBudget, which the eviction subresource does not"
        + " support.\",\"code\":500}";
    assertThat(ApiErrors.statusDetail(twoBudgets))
        .contains("This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
    assertThat(ApiErrors.statusDetail("{\"message\":\"Authorization: Bearer x\"}")).isEmpty();
    assertThat(ApiErrors.statusDetail("<html>Bearer x</html>")).isEmpty();
    assertThat(ApiErrors.statusDetail(null)).isEmpty();
  }
}
