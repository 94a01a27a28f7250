@NullMarked
package com.zapigateway.zapi;

import org.jspecify.annotations.NullMarked;
