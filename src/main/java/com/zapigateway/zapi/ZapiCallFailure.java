package com.zapigateway.zapi;

/**
 * A Z-API call that did not succeed, as an audit row records it. Both ways a guarded call
 * fails share it, so a caller records either with one {@code catch (ZapiException |
 * ZapiUnavailableException ex)}.
 */
public interface ZapiCallFailure {

	/**
	 * How the call ended, for an audit row: {@code failed} (Z-API refused, or provably
	 * never got it), {@code uncertain} (Z-API may have acted), {@code rejected-busy} or
	 * {@code rejected-circuit_open} (the guard did not call Z-API).
	 * @return the outcome
	 */
	String auditOutcome();

}
