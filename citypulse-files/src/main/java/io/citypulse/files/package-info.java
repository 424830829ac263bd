/** Record files in and out (CSV, JSON, JSON Lines, XLSX, XML, YAML), streamed row by row. */
package io.citypulse.files;
