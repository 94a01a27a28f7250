@NullMarked
package com.zapigateway.security;

import org.jspecify.annotations.NullMarked;
