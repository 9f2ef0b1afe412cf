/**
 * Who may use the API and what is logged when personal data is revealed.
 *
 * <p><b>Users and roles.</b> Users come from {@code anpr.controller.users}, a list of
 * {@code {name, roles = [...], password-hash}}; roles are {@link nl.opencordon.security.Role}
 * ({@code CONTROL_ROOM}, {@code OPERATIONS}, {@code OFFICER}, {@code ADMIN}; an admin holds all). Password
 * hashes are PBKDF2-HMAC-SHA256 ({@link nl.opencordon.security.PasswordHash}; its {@code main}
 * prints one). API clients authenticate with HTTP Basic, checked by {@link nl.opencordon.security.Logins} (a pool
 * of its own, failures limited cluster-wide); browsers sign in once to a {@link nl.opencordon.security.Sessions}
 * session and send its CSRF token with every change.
 *
 * <p><b>Guarding a route.</b> Build one {@link nl.opencordon.security.Access} per controller
 * (the {@code Controller} does and hands it to the routes) and wrap each route after its path and method
 * directives:
 * <pre>{@code
 * path("cases", () -> get(() -> access.require(Role.OFFICER, user ->
 *     accessLog.logged(user, "cases:" + status, () -> completeWithCases(status)))))
 * }</pre>
 * Without valid credentials the answer is 401 with a Basic challenge (no challenge for a browser: a request with
 * {@code Sec-Fetch-Mode} or {@code X-Requested-With}), with valid credentials but none of the roles 403, and so
 * is a change in a session without its CSRF token. {@code Access} completes the request itself, so these codes do not depend on sibling routes.
 *
 * <p><b>Access log.</b> Every request that reveals personal data (plates, images, case details, owner data)
 * must go through {@link nl.opencordon.security.AccessLog#logged} (or
 * {@link nl.opencordon.security.AccessLog#record} for other channels such as exports). It writes
 * user, roles, time, method + path and subject to the table {@code access_log} before the answer is
 * produced; the subject names what was revealed (case id, plate hash), never the plate itself. Admins read
 * the log at {@code GET /api/access-log}.
 */
package nl.opencordon.security;
