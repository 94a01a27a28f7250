@NullMarked
package com.zapigateway.instance;

import org.jspecify.annotations.NullMarked;
