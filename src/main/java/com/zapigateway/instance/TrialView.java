package com.zapigateway.instance;

/**
 * An instance's trial as seen now.
 *
 * @param status the trial status
 * @param remainingSeconds seconds until the due date, 0 once it has passed (or deleted)
 */
public record TrialView(TrialStatus status, long remainingSeconds) {
}
