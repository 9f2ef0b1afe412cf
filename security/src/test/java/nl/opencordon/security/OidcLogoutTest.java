package nl.opencordon.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.validators.LogoutTokenValidator;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Logout tokens of the back-channel logout, signed with RSA keys made here: a token holds only with the IdP's
 * signature, issuer, our client id as audience, the logout event, a sid or sub, no nonce and sane times.
 */
class OidcLogoutTest {
  private static final String ISSUER = "https://login.gemeente.test/realms/stad";
  private static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";
  private static final RSAKey IDP = key("idp-key");
  // the same key id, another key: what a forger without the IdP's private key can do at best
  private static final RSAKey FORGER = key("idp-key");
  private static final LogoutTokenValidator VALIDATOR = Oidc.logoutTokenValidator(new Issuer(ISSUER),
      new ClientID("cordon"), new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
          new ImmutableJWKSet<SecurityContext>(new JWKSet(IDP.toPublicJWK()))));
  private static final Instant NOW = Instant.now();

  @Test
  void aSignedTokenNamesTheProviderSessionOrSubjectToEnd() throws Exception {
    assertEquals(new Oidc.ProviderLogout("sub-1", "sid-1", iat()), logout(sign(IDP, claims())));
    assertEquals(new Oidc.ProviderLogout("sub-1", null, iat()), logout(sign(IDP, claims().claim("sid", null))));
    assertEquals(new Oidc.ProviderLogout(null, "sid-1", iat()), logout(sign(IDP, claims().subject(null))));
    // typ logout+jwt, as the standard recommends, holds as well as Keycloak's plain JWT
    SignedJWT typed = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(IDP.getKeyID())
        .type(new JOSEObjectType("logout+jwt")).build(), claims().build());
    typed.sign(new RSASSASigner(IDP));
    assertInstanceOf(Oidc.ProviderLogout.class, logout(typed.serialize()));
  }

  @Test
  void aTokenThatDoesNotHoldIsRefused() throws Exception {
    refused(sign(FORGER, claims()), "signed with another key");
    refused(new PlainJWT(claims().build()).serialize(), "unsigned");
    refused("not-a-jwt", "not a JWT");
    refused(sign(IDP, claims().claim("events", null)), "no events claim");
    refused(sign(IDP, claims().claim("events", Map.of("http://schemas.openid.net/event/other", Map.of()))),
        "another event");
    refused(sign(IDP, claims().claim("nonce", "n-1")), "with a nonce, as an ID token has");
    refused(sign(IDP, claims().audience("another-client")), "for another client");
    refused(sign(IDP, claims().issuer("https://elders.test/realms/stad")), "another issuer");
    refused(sign(IDP, claims().subject(null).claim("sid", null)), "neither sid nor sub: it would name no one");
    refused(sign(IDP, claims().issueTime(Date.from(NOW.plus(Duration.ofMinutes(5))))), "issued in the future");
    refused(sign(IDP, claims().expirationTime(Date.from(NOW.minus(Duration.ofMinutes(5))))), "expired");
    refused(sign(IDP, claims().jwtID(null)), "no jti");
  }

  private static JWTClaimsSet.Builder claims() {
    return new JWTClaimsSet.Builder().issuer(ISSUER).audience("cordon").subject("sub-1").claim("sid", "sid-1")
        .issueTime(Date.from(iat())).expirationTime(Date.from(NOW.plus(Duration.ofMinutes(2))))
        .jwtID(UUID.randomUUID().toString()).claim("events", Map.of(EVENT, Map.of()));
  }

  private static Instant iat() {
    return NOW.minusSeconds(1).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  }

  private static String sign(RSAKey key, JWTClaimsSet.Builder claims) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
        claims.build());
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  private static Oidc.Logout logout(String token) throws Exception {
    return Oidc.logout(VALIDATOR, token, NOW);
  }

  private static void refused(String token, String why) throws Exception {
    assertInstanceOf(Oidc.InvalidLogout.class, logout(token), why);
  }

  private static RSAKey key(String id) {
    try {
      return new RSAKeyGenerator(2048).keyID(id).generate();
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
