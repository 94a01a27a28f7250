@NullMarked
package com.zapigateway;

import org.jspecify.annotations.NullMarked;
