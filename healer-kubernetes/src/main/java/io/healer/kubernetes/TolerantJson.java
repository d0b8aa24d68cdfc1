package io.healer.kubernetes;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.kubernetes.client.openapi.JSON;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Makes client-java read API objects as client-go does: a field the models do not know is skipped,
 * not an error.
 *
 * <p>client-java's generated models refuse any unknown field ({@code The field `declaredFeatures`
 * in the JSON string is not defined in the `V1NodeStatus` properties}). A server newer than the
 * models, or a feature gate, adds fields all the time: a 1.37 kubelet reports {@code
 * status.declaredFeatures} on every Node, and without this healer's node informer never syncs, so
 * no node is ever judged or repaired. The fix keeps client-java's own adapters for dates, quantities
 * and bytes and lets Gson map the models by their field names, which ignores what it does not know.
 *
 * <p>client-java keeps one Gson for the whole process ({@link JSON#setGson}), so this applies to
 * every client-java client in the JVM; it only ever accepts more input than before.
 */
public final class TolerantJson {

  private static final AtomicBoolean INSTALLED = new AtomicBoolean();

  private TolerantJson() {}

  /** Installs the tolerant Gson into client-java; the first call does it, later calls do nothing. */
  public static void install() {
    if (!INSTALLED.compareAndSet(false, true)) {
      return;
    }
    Gson strict = JSON.getGson();
    // createGson() is client-java's builder without the per-model strict adapters.
    GsonBuilder tolerant = JSON.createGson();
    for (Class<?> type : List.<Class<?>>of(OffsetDateTime.class, LocalDate.class, java.util.Date.class,
        java.sql.Date.class, byte[].class)) {
      tolerant.registerTypeAdapter(type, strict.getAdapter(type));
    }
    JSON.setGson(tolerant.create());
  }
}
