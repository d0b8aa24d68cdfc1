package io.healer.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;

/** How a request to the API server is labelled: the audit log's verb and the resource, from the path alone. */
class KubernetesRequestsTest {

  private static Request request(String method, String url) {
    RequestBody body = method.equals("GET") || method.equals("DELETE") ? null : RequestBody.create(new byte[0]);
    return new Request.Builder().url(HttpUrl.get("https://127.0.0.1:6443" + url)).method(method, body).build();
  }

  private static String label(String method, String url) {
    Request r = request(method, url);
    return KubernetesRequests.verb(r) + " " + KubernetesRequests.resource(r.url().pathSegments());
  }

  @Test
  void namesTheVerbAndTheResourceWithoutNamesOrNamespaces() {
    assertThat(label("GET", "/api/v1/nodes?resourceVersion=0")).isEqualTo("list nodes");
    assertThat(label("GET", "/api/v1/nodes?watch=true&resourceVersion=12")).isEqualTo("watch nodes");
    assertThat(label("GET", "/api/v1/nodes/worker-1")).isEqualTo("get nodes");
    assertThat(label("PATCH", "/api/v1/nodes/worker-1")).isEqualTo("patch nodes");
    assertThat(label("DELETE", "/api/v1/nodes/worker-1")).isEqualTo("delete nodes");
    assertThat(label("PUT", "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/magnum-auto-healer"))
        .isEqualTo("update leases");
    assertThat(label("GET", "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases"))
        .isEqualTo("list leases");
    assertThat(label("POST", "/api/v1/namespaces/default/pods/p-1/eviction")).isEqualTo("create pods/eviction");
    assertThat(label("POST", "/api/v1/namespaces/default/events")).isEqualTo("create events");
    assertThat(label("GET", "/version")).isEqualTo("get other");
  }
}
