@NullMarked
package com.zapigateway.web;

import org.jspecify.annotations.NullMarked;
