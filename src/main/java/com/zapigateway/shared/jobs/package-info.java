/**
 * Job plumbing: the scheduling switch, locks that keep a job on one replica at a time,
 * and the job-run metrics.
 */
@NamedInterface("jobs")
@NullMarked
package com.zapigateway.shared.jobs;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.NamedInterface;
