/**
 * Web plumbing every module's controllers rely on: the catalogue of problems and their
 * handler, request filters, Jackson and Tomcat set-up.
 */
@NamedInterface("web")
@NullMarked
package com.zapigateway.shared.web;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.NamedInterface;
