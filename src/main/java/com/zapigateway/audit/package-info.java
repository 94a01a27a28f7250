@NullMarked
package com.zapigateway.audit;

import org.jspecify.annotations.NullMarked;
