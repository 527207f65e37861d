import io.tmr.core.tensor.*;
public class GeluAlloc {
  public static void main(String[] a){
    int n=1024; float[] x=new float[n], v=new float[n], d=new float[n], e=new float[n], s=new float[n];
    java.util.Random r=new java.util.Random(1); for(int i=0;i<n;i++) x[i]=(float)r.nextGaussian();
    com.sun.management.ThreadMXBean mx=(com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
    for(int rep=0;rep<8;rep++){
      long b0=mx.getThreadAllocatedBytes(Thread.currentThread().getId()); long t0=System.nanoTime();
      for(int k=0;k<4000;k++) {FastMath.geluErf(x,v,n,false,d,e,s); FastMath.geluErf(x,v,n,true,d,e,s);};
      long t1=System.nanoTime(); long b1=mx.getThreadAllocatedBytes(Thread.currentThread().getId());
      System.out.printf("%.3f ns/el, %.1f bytes/el%n",(t1-t0)/(4000.0*n),(b1-b0)/(4000.0*n));
    }
  }
}
