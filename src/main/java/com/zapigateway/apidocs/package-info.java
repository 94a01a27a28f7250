/**
 * The OpenAPI 3 description of the gateway's API, generated from the code by springdoc,
 * with an example for every response and every error.
 */
@NullMarked
package com.zapigateway.apidocs;

import org.jspecify.annotations.NullMarked;
