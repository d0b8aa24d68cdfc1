package io.healer.provider.magnum.internal;

import io.healer.provider.magnum.internal.OpenStackSession.Call;
import java.util.Map;

/** The Cinder call of the provider: is a volume bootable. */
public final class BlockStorage {

  /**
   * A Cinder volume as the provider needs it.
   *
   * @param id the volume's id
   * @param bootable whether Cinder marks it bootable, as a boot volume is
   */
  public record Volume(String id, boolean bootable) {}

  private final OpenStackSession session;

  /** @param session the authenticated session */
  public BlockStorage(OpenStackSession session) {
    this.session = session;
  }

  /**
   * The volume; Cinder writes {@code bootable} as the string {@code "true"} or {@code "false"}.
   *
   * @param id the volume's id
   * @return the volume; not bootable when Cinder's answer lacks the field
   * @throws OpenStackException when Cinder answers with an error, such as 404 for an unknown volume
   */
  @SuppressWarnings("unchecked")
  public Volume volume(String id) {
    return session.send(Call.get("block-storage", "/volumes/" + id)).read(json -> {
      Map<String, Object> v = (Map<String, Object>) json.getOrDefault("volume", Map.of());
      return new Volume(id, Boolean.parseBoolean(String.valueOf(v.get("bootable"))));
    });
  }
}
