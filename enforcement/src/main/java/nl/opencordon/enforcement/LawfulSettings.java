package nl.opencordon.enforcement;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * Settings of the lawful process around the case chain, from {@code anpr.enforcement.lawful}.
 *
 * @param requireSiteApproval whether a camera site needs the CVOM's approval before its cases can go out
 * @param releaseInterval how often held cases whose hold period ended are checked and released
 * @param evidenceRequestsPerMinute citizen evidence requests answered per minute, all citizens together, cluster-wide
 * @param evidenceRequestsPerClientPerMinute the same for one client address
 * @param clientAddressHeader where the load balancer names the client (its last address); empty: the TCP peer
 * @param evidenceAnswerTime every evidence request is answered after at least this long, found or not
 * @param sampleSize cases in a site's sample package
 * @param testCaseRetention how long test cases are kept (from the observation) before they are deleted
 * @param requireSchouw whether a zone is enforced only while its last good schouw is at most {@code schouwInterval}
 *     old (Leidraad 4.2.7)
 * @param freshFactsTimeout how long the intake waits for the RDW API's facts of a new case's vehicle
 */
public record LawfulSettings(boolean requireSiteApproval, Duration releaseInterval, int evidenceRequestsPerMinute,
                             int evidenceRequestsPerClientPerMinute, String clientAddressHeader,
                             Duration evidenceAnswerTime, int sampleSize, Duration testCaseRetention,
                             boolean requireSchouw, Duration schouwInterval, Duration freshFactsTimeout) {

  public static LawfulSettings fromConfig(Config c) {
    return new LawfulSettings(c.getBoolean("require-site-approval"), c.getDuration("release-interval"),
        c.getInt("evidence-requests-per-minute"), c.getInt("evidence-requests-per-client-per-minute"),
        c.getString("client-address-header"), c.getDuration("evidence-answer-time"), c.getInt("sample-size"),
        c.getDuration("test-case-retention"), c.getBoolean("require-schouw"), c.getDuration("schouw-interval"),
        c.getDuration("fresh-facts-timeout"));
  }
}
