/**
 * What every module builds on and nothing domain-specific: the clock, web plumbing
 * ({@code shared.web}: problems, filters, Jackson and Tomcat set-up) and job plumbing
 * ({@code shared.jobs}: locks and job runs).
 */
@NullMarked
package com.zapigateway.shared;

import org.jspecify.annotations.NullMarked;
