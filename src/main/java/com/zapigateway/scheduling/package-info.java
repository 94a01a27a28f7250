@NullMarked
package com.zapigateway.scheduling;

import org.jspecify.annotations.NullMarked;
