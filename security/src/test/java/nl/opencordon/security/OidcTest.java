package nl.opencordon.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The OpenID Connect settings and the mapping of the IdP's role or group names to ours. */
class OidcTest {
  private static final Map<String, Set<Role>> MAPPING = Map.of("boa", Set.of(Role.OFFICER),
      "beheer", Set.of(Role.OPERATIONS, Role.CONTROL_ROOM));

  @Test
  void rolesComeFromANestedClaimThroughTheMappingAndUnknownNamesGiveNone() {
    Map<String, Object> keycloak = Map.of("realm_access", Map.of("roles", List.of("boa", "offline_access", "beheer")));
    assertEquals(Set.of(Role.OFFICER, Role.OPERATIONS, Role.CONTROL_ROOM),
        Oidc.roles(keycloak, "realm_access.roles", MAPPING));
    assertEquals(Set.of(Role.OFFICER), Oidc.roles(Map.of("roles", "boa"), "roles", MAPPING), "one name");
    assertEquals(Set.of(), Oidc.roles(Map.of("roles", List.of("ADMIN", "admin")), "roles", MAPPING),
        "our role's own name is no way in: only the mapping counts");
    assertEquals(Set.of(), Oidc.roles(keycloak, "groups", MAPPING), "claim missing");
    assertEquals(Set.of(), Oidc.roles(Map.of("realm_access", "boa"), "realm_access.roles", MAPPING), "not an object");
  }

  @Test
  void settingsNeedAnIssuerARedirectToOurCallbackAndAMapping() {
    assertEquals(Optional.empty(), Oidc.Settings.fromConfig(oidc("")), "no issuer: off");
    Oidc.Settings settings = Oidc.Settings.fromConfig(oidc("""
        issuer = "https://login.example.nl/realms/stad"
        client-id = cordon
        redirect-uri = "https://cordon.example.nl/auth/oidc/callback"
        scopes = [profile]
        role-mapping { "cordon-boa" = OFFICER, "CN=Beheer,OU=Groepen" = [OPERATIONS, CONTROL_ROOM] }
        """)).orElseThrow();
    assertTrue(settings.scopes().contains("openid"), "openid is always asked");
    assertEquals(Optional.empty(), settings.clientSecret(), "a public client");
    assertEquals(URI.create("https://cordon.example.nl/"), settings.postLogoutRedirectUri());
    assertEquals(Set.of(Role.OPERATIONS, Role.CONTROL_ROOM), settings.roleMapping().get("CN=Beheer,OU=Groepen"));
    assertThrows(IllegalArgumentException.class, () -> Oidc.Settings.fromConfig(oidc("""
        issuer = "https://login.example.nl/realms/stad"
        redirect-uri = "https://cordon.example.nl/elders"
        role-mapping { boa = OFFICER }
        """)));
    assertThrows(IllegalArgumentException.class, () -> Oidc.Settings.fromConfig(oidc("""
        issuer = "https://login.example.nl/realms/stad"
        redirect-uri = "https://cordon.example.nl/auth/oidc/callback"
        """)), "without a mapping nobody gets a role");
  }

  private static Config oidc(String hocon) {
    return ConfigFactory.parseString(hocon).withFallback(ConfigFactory.defaultReference().getConfig("anpr.security.oidc"));
  }
}
