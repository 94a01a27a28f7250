@NullMarked
package com.zapigateway.ops;

import org.jspecify.annotations.NullMarked;
