@NullMarked
package com.zapigateway.sync;

import org.jspecify.annotations.NullMarked;
